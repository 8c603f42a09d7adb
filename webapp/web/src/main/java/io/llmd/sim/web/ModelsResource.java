package io.llmd.sim.web;

import io.llmd.sim.api.Json;
import io.llmd.sim.api.ModelList;
import io.llmd.sim.api.ModelList.ModelCard;
import io.llmd.sim.core.LoraModule;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/models}: each served name of the base model, then each LoRA adapter. */
@Path("/v1/models")
public final class ModelsResource {
    private final Simulator simulator;

    ModelsResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @GET
    public Response models() {
        long created = simulator.startedEpochSecond();
        int maxModelLen = simulator.config().maxModelLen();
        String root = simulator.config().model();
        List<ModelCard> cards = new ArrayList<>();
        for (String name : simulator.catalog().servedNames()) {
            cards.add(ModelCard.of(name, created, root, null, maxModelLen));
        }
        String parent = simulator.config().reportedModelName();
        for (LoraModule lora : simulator.catalog().loras()) {
            cards.add(ModelCard.of(lora.name(), created, lora.path(), parent, maxModelLen));
        }
        return Responder.json(Json.bytes(ModelList.of(cards)));
    }
}
