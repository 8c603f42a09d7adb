package io.llmd.sim.it;

/** The simulator's JSON routes, each with a small valid body that the corpus then spoils. */
enum Route {
    CHAT(
            "chat",
            "/v1/chat/completions",
            "model",
            RawJson.of(
                    "model",
                    RawJson.str(Route.MODEL),
                    "messages",
                    "[{\"role\":\"user\",\"content\":\"hello there\"}]",
                    "max_tokens",
                    "4")),
    COMPLETIONS(
            "completions",
            "/v1/completions",
            "model",
            RawJson.of("model", RawJson.str(Route.MODEL), "prompt", "\"hello there\"", "max_tokens", "4")),
    TOKENIZE(
            "tokenize",
            "/tokenize",
            "model",
            RawJson.of("model", RawJson.str(Route.MODEL), "prompt", "\"hello there\"")),
    DETOKENIZE(
            "detokenize", "/detokenize", "model", RawJson.of("model", RawJson.str(Route.MODEL), "tokens", "[1,2,3]")),
    LOAD_LORA(
            "load-lora",
            "/v1/load_lora_adapter",
            "lora_name",
            RawJson.of("lora_name", "\"corpus-adapter\"", "lora_path", "\"/adapters/corpus\"")),
    UNLOAD_LORA("unload-lora", "/v1/unload_lora_adapter", "lora_name", RawJson.of("lora_name", "\"corpus-adapter\"")),
    EMBEDDINGS(
            "embeddings",
            "/v1/embeddings",
            "model",
            RawJson.of("model", RawJson.str(Route.MODEL), "input", "\"hello there\"", "dimensions", "8")),
    RESPONSES(
            "responses",
            "/v1/responses",
            "model",
            RawJson.of("model", RawJson.str(Route.MODEL), "input", "\"hello there\"", "max_output_tokens", "4")),
    GENERATE(
            "generate",
            "/inference/v1/generate",
            "model",
            RawJson.of(
                    "model",
                    RawJson.str(Route.MODEL),
                    "token_ids",
                    "[1,2,3]",
                    "sampling_params",
                    "{\"max_tokens\":4}")),
    MESSAGES(
            "messages",
            "/v1/messages",
            "model",
            RawJson.of(
                    "model",
                    RawJson.str(Route.MODEL),
                    "max_tokens",
                    "4",
                    "messages",
                    "[{\"role\":\"user\",\"content\":\"hello there\"}]")),
    COUNT_TOKENS(
            "count-tokens",
            "/v1/messages/count_tokens",
            "model",
            RawJson.of(
                    "model",
                    RawJson.str(Route.MODEL),
                    "messages",
                    "[{\"role\":\"user\",\"content\":\"hello there\"}]")),
    CHAT_RENDER(
            "chat-render",
            "/v1/chat/completions/render",
            "model",
            RawJson.of(
                    "model",
                    RawJson.str(Route.MODEL),
                    "messages",
                    "[{\"role\":\"user\",\"content\":\"hello there\"}]")),
    COMPLETIONS_RENDER(
            "completions-render",
            "/v1/completions/render",
            "model",
            RawJson.of("model", RawJson.str(Route.MODEL), "prompt", "\"hello there\""));

    /** The model every corpus server serves. */
    static final String MODEL = "corpus-model";

    private final String shortName;
    private final String path;
    private final String nameField;
    private final RawJson valid;

    Route(String shortName, String path, String nameField, RawJson valid) {
        this.shortName = shortName;
        this.path = path;
        this.nameField = nameField;
        this.valid = valid;
    }

    String shortName() {
        return shortName;
    }

    String path() {
        return path;
    }

    /** The string field that names what the request is about: the model, or the adapter. */
    String nameField() {
        return nameField;
    }

    RawJson valid() {
        return valid;
    }

    /** Whether serving a valid body changes the server's state (the adapter routes). */
    boolean changesState() {
        return this == LOAD_LORA || this == UNLOAD_LORA;
    }

    /** The Messages API's and the render routes: fewer variants of broken JSON are sent to them. */
    boolean newer() {
        return this == MESSAGES || this == COUNT_TOKENS || this == CHAT_RENDER || this == COMPLETIONS_RENDER;
    }

    Wire post(String json) {
        return Wire.post(path, json);
    }

    Wire post(byte[] body) {
        return Wire.post(path, "").body(body);
    }
}
