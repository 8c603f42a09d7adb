package io.llmd.sim.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.anthropic.AnthropicErrorRenderer;
import io.llmd.sim.api.openai.OpenAiErrorRenderer;
import org.junit.jupiter.api.Test;

/**
 * The embeddable server writes no error body of its own: its refusals before the application sees
 * a request go through the renderer the web layer chooses for the request's path, as every error
 * answer of the web layer does.
 */
class ErrorSeamTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmd.sim.server");

    @Test
    void errorBodiesAreWrittenOnlyThroughTheRendererChosenPerPath() {
        noClasses()
                .that()
                .resideInAPackage("io.llmd.sim.server..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(OpenAiErrorRenderer.class, AnthropicErrorRenderer.class, ErrorResponse.class)
                .because("ErrorRenderers chooses the error shape of each request, and its renderer writes the body")
                .check(SERVER);
    }
}
