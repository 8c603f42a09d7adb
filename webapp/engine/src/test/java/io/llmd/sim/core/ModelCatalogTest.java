package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private final ModelCatalog catalog = new ModelCatalog(
            config("--model", "base", "--served-model-name", "first", "second", "--lora-modules", "b=/p/b", "a=/p/a"));

    @Test
    void resolvesNoNameToTheReportedBaseModel() {
        assertThat(catalog.resolve(null)).isEqualTo(new ModelTarget("first", null));
    }

    @Test
    void resolvesEveryServedNameToTheBaseModelUnderThatName() {
        ModelTarget target = catalog.resolve("second");

        assertThat(target).isEqualTo(new ModelTarget("second", null));
        assertThat(target.loraName()).isNull();
    }

    @Test
    void resolvesAnAdapterName() {
        ModelTarget target = catalog.resolve("a");

        assertThat(target.requestedName()).isEqualTo("a");
        assertThat(target.lora()).isEqualTo(new LoraModule("a", "/p/a"));
        assertThat(target.loraName()).isEqualTo("a");
    }

    @Test
    void numbersAdaptersFromOneAsTheyAreLoadedAndNeverReusesANumber() {
        assertThat(catalog.resolve("b").loraId()).isEqualTo(1);
        assertThat(catalog.resolve("a").loraId()).isEqualTo(2);
        assertThat(catalog.resolve("first").loraId()).isZero();

        catalog.remove("b");
        catalog.add(new LoraModule("c", "/p/c"));
        catalog.add(new LoraModule("b", "/p/b"));

        assertThat(catalog.resolve("c").loraId()).isEqualTo(3);
        assertThat(catalog.resolve("b").loraId()).isEqualTo(4);
    }

    @Test
    void refusesAnUnknownNameAsVllmDoes() {
        assertThatThrownBy(() -> catalog.resolve("base"))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.param()).isEqualTo("model");
                })
                .hasMessage("The model `base` does not exist.");
    }

    @Test
    void listsAdaptersInConfiguredOrder() {
        assertThat(catalog.loras()).extracting(LoraModule::name).containsExactly("b", "a");
        assertThat(catalog.servedNames()).containsExactly("first", "second");
    }
}
