package io.llmd.sim.core;

/**
 * Token texts to ids, looked up by a span of a longer text: a prompt's tokens are found without a
 * string made for each of them (a {@code HashMap<String, Integer>} needs a key string and boxes the
 * id). Open addressing with linear probing, at most half full. Not thread-safe: the
 * {@link Vocabulary} guards it.
 */
final class TokenIds {
    static final int ABSENT = -1;

    private String[] keys;
    private int[] ids;
    private int size;

    TokenIds() {
        keys = new String[1 << 12];
        ids = new int[keys.length];
    }

    /** The id of {@code text[start, end)}, or {@link #ABSENT}. */
    int get(String text, int start, int end) {
        int mask = keys.length - 1;
        int length = end - start;
        for (int slot = spread(hash(text, start, end)) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return ABSENT;
            }
            if (key.length() == length && text.regionMatches(start, key, 0, length)) {
                return ids[slot];
            }
        }
    }

    /** Adds a token that is not there yet. */
    void put(String token, int id) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(keys, ids, token, id);
        size++;
    }

    /** The same value as {@code text.substring(start, end).hashCode()}. */
    static int hash(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldIds = ids;
        String[] newKeys = new String[oldKeys.length * 2];
        int[] newIds = new int[newKeys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(newKeys, newIds, oldKeys[i], oldIds[i]);
            }
        }
        keys = newKeys;
        ids = newIds;
    }

    private static void insert(String[] keys, int[] ids, String token, int id) {
        int mask = keys.length - 1;
        int slot = spread(token.hashCode()) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = token;
        ids[slot] = id;
    }

    /** Mixes the high bits in, as short texts' hashes differ mostly in their low ones. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
