package io.llmd.sim.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.anthropic.AnthropicErrorRenderer;
import io.llmd.sim.api.openai.OpenAiErrorRenderer;
import org.junit.jupiter.api.Test;

/**
 * A protocol is a package: the streaming loop and the error paths of the web layer name none, so
 * that another one is added beside OpenAI's rather than as a branch in them.
 */
class ProtocolSeamTest {
    private static final JavaClasses SIMULATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmd.sim");

    private static ArchRule noProtocolIn(String simpleName) {
        return noClasses()
                .that()
                .haveSimpleName(simpleName)
                .and()
                .resideInAPackage("io.llmd.sim.web")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.llmd.sim.api.openai..")
                .because("it drives a StreamEncoder or an ErrorRenderer, whichever protocol the request speaks");
    }

    @Test
    void theStreamingLoopKnowsNoProtocol() {
        noProtocolIn("SseStream").check(SIMULATOR);
        noProtocolIn("Responder").check(SIMULATOR);
    }

    @Test
    void errorBodiesAreWrittenOnlyThroughTheRendererChosenPerPath() {
        noClasses()
                .that()
                .resideInAPackage("io.llmd.sim.web..")
                .and()
                .doNotHaveSimpleName("ErrorRenderers")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(OpenAiErrorRenderer.class, AnthropicErrorRenderer.class, ErrorResponse.class)
                .because("ErrorRenderers chooses the error shape of each request, and its renderer writes the body")
                .check(SIMULATOR);
    }

    @Test
    void theRuleSeesTheOneClassThatNamesTheProtocol() {
        assertThatThrownBy(() -> noProtocolIn("ErrorRenderers").check(SIMULATOR))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("OpenAiErrorRenderer");
    }
}
