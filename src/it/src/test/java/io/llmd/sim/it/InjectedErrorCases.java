package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's {@code X-Return-Error} header with values that are no error status: a 400 in
 * vLLM's shape. Client error statuses it is given are answered as asked, before any stream starts.
 * (Forced 5xx are the header's purpose and are left to the failure scenarios.)
 */
final class InjectedErrorCases {
    private static final String[] BAD = {
        "abc",
        "",
        " ",
        "-1",
        "0",
        "399",
        "600",
        "4000",
        "99999999999999999999",
        "400 ",
        " 429",
        "4e2",
        "0x190",
        "429, 404",
        "4".repeat(4096),
        "\u00e9"
    };

    private InjectedErrorCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        for (Route route : List.of(Route.CHAT, Route.COMPLETIONS)) {
            String body = route.valid().text();
            for (String value : BAD) {
                Expect expect = value.isBlank() || value.trim().matches("4\\d\\d") ? Expect.ANY : Expect.status(400);
                cases.add(HostileCase.of(
                        "injected/" + route.shortName() + "/x-return-error=" + Tables.label(value),
                        route.post(body).header("X-Return-Error", value),
                        expect));
            }
            for (String status : List.of("400", "401", "404", "429")) {
                cases.add(HostileCase.of(
                        "injected/" + route.shortName() + "/x-return-error=" + status,
                        route.post(body).header("X-Return-Error", status),
                        Expect.status(Integer.parseInt(status))));
                cases.add(HostileCase.of(
                        "injected/" + route.shortName() + "/x-return-error=" + status + "&stream",
                        route.post(route.valid().with("stream", "true").text()).header("X-Return-Error", status),
                        Expect.status(Integer.parseInt(status))));
            }
            cases.add(HostileCase.of(
                    "injected/" + route.shortName() + "/two-headers",
                    route.post(body).header("X-Return-Error", "404").header("X-Return-Error", "429"),
                    Expect.REFUSED));
        }
        cases.add(HostileCase.of(
                "injected/models/x-return-error=404",
                Wire.get("/v1/models").header("X-Return-Error", "404"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "injected/tokenize/x-return-error=abc",
                Route.TOKENIZE.post(Route.TOKENIZE.valid().text()).header("X-Return-Error", "abc"),
                Expect.ANY));
        return cases;
    }
}
