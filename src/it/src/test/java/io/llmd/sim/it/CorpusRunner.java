package io.llmd.sim.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs hostile cases one after the other against a target, each followed by a control request
 * (a small chat completion that must be answered 200) and a look at the scheduler's gauges (a
 * case that leaves a request running or waiting is named). A target that stops answering is
 * restarted when it can be (the launcher), and the case that stopped it is named; otherwise
 * the run ends there. Problems are kept one line per case, as a checklist.
 */
final class CorpusRunner {
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);
    private static final String NO_ANSWER = "no answer: ";
    /** The two gauges only (the exposition filtered by name[]): a scrape after most cases must be cheap. */
    private static final String GAUGES =
            "/metrics?name%5B%5D=vllm:num_requests_running&name%5B%5D=vllm:num_requests_waiting";

    private static final Pattern VARYING = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=-)[0-9a-f]{16,}|(?<=\"created\":)\\d+");
    /** How long the gauges may take to come back after the answer was read (they move when the request ends). */
    private static final long SETTLE_NANOS = Duration.ofSeconds(3).toNanos();

    private final CorpusTarget target;
    private final Wire control;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final List<String> general = new ArrayList<>();
    private double slots;
    private int restarts;
    private int passes;
    private boolean stopped;

    /** One case's problems, and in which passes they were seen. */
    private record Finding(String summary, String problems, TreeSet<Integer> passes) {}

    /**
     * @param control the control request, with whatever headers the target needs (an API key)
     */
    CorpusRunner(CorpusTarget target, Wire control) {
        this.target = target;
        this.control = control;
    }

    /** Runs the cases in order as pass {@code pass}; after a stop nothing more runs. */
    void run(List<HostileCase> cases, int pass) {
        if (stopped) {
            return;
        }
        passes++;
        long start = System.nanoTime();
        int restartsBefore = restarts;
        int sent = 0;
        for (int i = 0; i < cases.size() && !stopped; i++, sent++) {
            HostileCase hostile = cases.get(i);
            Wire request = hostile.request().apply(pass);
            List<String> problems = new ArrayList<>(send(hostile, request));
            boolean unanswered = problems.stream().anyMatch(problem -> problem.startsWith(NO_ANSWER));
            String controlProblem = control();
            if (controlProblem != null || unanswered && target.canRestart()) {
                // A request never answered may still be at work: a fresh server keeps it from blurring the next cases.
                String why = controlProblem != null
                        ? "the server stopped answering after it (control request: " + controlProblem + ")"
                        : "its request was still at work";
                problems.add(why);
                problems.add(recover(hostile.id() + ": " + why, pass, cases.size() - i - 1));
            } else if (pass == 1 && request.mayGenerate()) {
                // Only generation requests take a scheduler place, and the first pass has named any case that
                // leaks one: scraping after every case of both passes would double the run.
                String leak = leakedSlots();
                if (leak != null) {
                    problems.add(leak);
                }
            }
            if (!problems.isEmpty()) {
                record(hostile.id(), request.summary(), String.join("; ", problems), pass);
            }
        }
        System.out.printf(
                "[corpus] pass %d: %d of %d cases in %.1f s, %d restart(s)%n",
                pass, sent, cases.size(), (System.nanoTime() - start) / 1e9, restarts - restartsBefore);
    }

    /** Starts the target afresh, or stops the run when it cannot be; says which. */
    private String recover(String what, int pass, int remaining) {
        slots = 0;
        // Said as it happens: a run that restarts a server often is slow, and its log should say why.
        System.out.println("[corpus] pass " + pass + ": " + what + "; "
                + (target.canRestart() ? "restarting the server" : "the run ends here"));
        if (target.restart()) {
            restarts++;
            return "the launcher was restarted";
        }
        stopped = true;
        return "the target cannot be restarted: the remaining " + remaining + " cases of pass " + pass
                + " were not run";
    }

    private List<String> send(HostileCase hostile, Wire request) {
        CorpusHttp.Response probe = null;
        if (hostile.expect().probe() != null) {
            try {
                probe = target.http().exchange(hostile.expect().probe().apply(0), CASE_TIMEOUT);
            } catch (IOException e) {
                return List.of("the probe with the key got no answer: " + e.getMessage());
            }
        }
        try {
            return AnswerCheck.problems(
                    target.http().exchange(request, CASE_TIMEOUT),
                    hostile.expect(),
                    probe,
                    request.anthropic() ? AnswerCheck.Shape.ANTHROPIC : AnswerCheck.Shape.VLLM);
        } catch (IOException e) {
            if (hostile.expect().mayClose() && "the connection closed without an answer".equals(e.getMessage())) {
                return List.of();
            }
            return List.of(NO_ANSWER + e.getMessage());
        }
    }

    /** Null when the control request is answered 200 with a chat completion, else what went wrong. */
    private String control() {
        try {
            CorpusHttp.Response response = target.http().exchange(control, CONTROL_TIMEOUT);
            String body = response.utf8();
            if (response.status() != 200 || body == null || !body.contains("\"choices\"")) {
                return AnswerCheck.describe(response);
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Whether more requests are running or waiting than before the case, once they had time to end. */
    private String leakedSlots() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        double now = busySlots();
        while (now > slots && System.nanoTime() < deadline) {
            pause();
            now = busySlots();
        }
        if (Double.isNaN(now)) {
            return "GET /metrics failed after it";
        }
        String leak = now > slots ? "it left " + (int) (now - slots) + " request(s) running or waiting for good" : null;
        slots = now;
        return leak;
    }

    /** vllm:num_requests_running plus vllm:num_requests_waiting, over every model; NaN when the scrape fails. */
    private double busySlots() {
        try {
            CorpusHttp.Response response = target.http().exchange(Wire.get(GAUGES), CONTROL_TIMEOUT);
            String text = response.utf8();
            if (response.status() != 200 || text == null) {
                return Double.NaN;
            }
            double total = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("vllm:num_requests_running") || line.startsWith("vllm:num_requests_waiting")) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** At the end: every gauge back to 0 within a few seconds. */
    void checkDrained() {
        if (stopped) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double busy = busySlots();
        while (!(busy == 0) && System.nanoTime() < deadline) {
            pause();
            busy = busySlots();
        }
        if (!(busy == 0)) {
            general.add("after the corpus " + busy + " request(s) still running or waiting 5 s later (leaked slots)");
        }
    }

    void note(String line) {
        general.add(line);
    }

    int restarts() {
        return restarts;
    }

    boolean stopped() {
        return stopped;
    }

    /** The findings, one line per case ({@code id | request | problems}), then the general ones. */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        findings.forEach((id, finding) -> lines.add(id + " | " + finding.summary() + " | " + finding.problems()
                + (finding.passes().size() < passes
                        ? " (pass " + finding.passes().first() + " only)"
                        : "")));
        lines.addAll(general);
        return lines;
    }

    private void record(String id, String summary, String text, int pass) {
        // Ids and times differ from pass to pass; the same problem should read the same.
        String problems = VARYING.matcher(text).replaceAll("<id>");
        Finding known = findings.get(id);
        if (known == null) {
            TreeSet<Integer> passes = new TreeSet<>();
            passes.add(pass);
            findings.put(id, new Finding(summary, problems, passes));
        } else if (known.problems().equals(problems) || known.problems().startsWith(problems + "; ")) {
            // The second pass does not look at the gauges: the same problems but for the leak are the same finding.
            known.passes().add(pass);
        } else {
            TreeSet<Integer> passes = new TreeSet<>(known.passes());
            passes.add(pass);
            findings.put(id, new Finding(summary, known.problems() + " || pass " + pass + ": " + problems, passes));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
