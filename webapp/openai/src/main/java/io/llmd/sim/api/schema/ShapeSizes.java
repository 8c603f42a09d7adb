package io.llmd.sim.api.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sizes the smallest value of every shape of a compiled schema, through $ref cycles: Knuth's
 * generalisation of Dijkstra's algorithm to grammars (a choice takes its smallest option, a
 * compound the sum of its parts; both only grow with their inputs, so values settle in
 * increasing order). A shape that never settles has no finite value. Runs in O(E log V) over the
 * schema's graph, whatever counts its keywords ask for: sizes saturate instead of overflowing.
 */
final class ShapeSizes {
    private static final Comparator<Sized> SMALLER =
            Comparator.comparingLong(Sized::tokens).thenComparingLong(Sized::chars);

    /** A shape with the size it had when queued (a shape's size may shrink while it waits). */
    private record Sized(Shape shape, long tokens, long chars) {
        Sized(Shape shape) {
            this(shape, shape.minTokens, shape.minChars);
        }
    }

    private ShapeSizes() {}

    static void size(List<Shape> shapes) {
        IdentityHashMap<Shape, List<Shape>> users = new IdentityHashMap<>();
        IdentityHashMap<Shape, Integer> unsettledParts = new IdentityHashMap<>();
        PriorityQueue<Sized> queue = new PriorityQueue<>(SMALLER);
        for (Shape shape : shapes) {
            for (Shape option : shape.options()) {
                users.computeIfAbsent(option, key -> new ArrayList<>()).add(shape);
            }
            List<Shape.Part> parts = shape.parts();
            for (Shape.Part part : parts) {
                users.computeIfAbsent(part.shape(), key -> new ArrayList<>()).add(shape);
            }
            if (shape.options().isEmpty() && !(shape instanceof Shape.Never)) {
                unsettledParts.put(shape, parts.size());
                if (parts.isEmpty()) {
                    settleCompound(shape);
                    queue.add(new Sized(shape));
                }
            }
        }
        IdentityHashMap<Shape, Boolean> settled = new IdentityHashMap<>();
        while (!queue.isEmpty()) {
            Shape shape = queue.poll().shape();
            if (settled.put(shape, Boolean.TRUE) != null) {
                continue;
            }
            for (Shape user : users.getOrDefault(shape, List.of())) {
                if (settled.containsKey(user)) {
                    continue;
                }
                if (!user.options().isEmpty()) {
                    if (SMALLER.compare(new Sized(shape), new Sized(user)) < 0) {
                        user.minTokens = shape.minTokens;
                        user.minChars = shape.minChars;
                        user.minDepth = shape.minDepth;
                        user.smallest = shape;
                        queue.add(new Sized(user));
                    }
                } else {
                    int left = unsettledParts.merge(user, -1, Integer::sum);
                    if (left == 0) {
                        settleCompound(user);
                        queue.add(new Sized(user));
                    }
                }
            }
        }
    }

    /** A compound whose parts are all settled: its own tokens plus each part's, as many times as it occurs. */
    private static void settleCompound(Shape shape) {
        long tokens = shape.baseTokens();
        long chars = shape.baseChars();
        boolean nests = shape instanceof Shape.ArrayOf || shape instanceof Shape.ObjectOf;
        int depth = nests ? 1 : 0;
        for (Shape.Part part : shape.parts()) {
            tokens = add(tokens, times(part.count(), part.shape().minTokens));
            chars = add(chars, times(part.count(), part.shape().minChars));
            depth = Math.max(depth, part.shape().minDepth + (nests ? 1 : 0));
        }
        shape.minTokens = tokens;
        shape.minChars = chars;
        shape.minDepth = depth;
    }

    static long add(long one, long other) {
        long sum = one + other;
        return sum < 0 || one == Shape.INFINITE || other == Shape.INFINITE
                ? Shape.INFINITE - 1
                : Math.min(sum, Shape.INFINITE - 1);
    }

    static long times(long count, long size) {
        if (count == 0 || size == 0) {
            return 0;
        }
        return count > (Shape.INFINITE - 1) / size ? Shape.INFINITE - 1 : count * size;
    }
}
