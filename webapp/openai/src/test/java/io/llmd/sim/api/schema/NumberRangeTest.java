package io.llmd.sim.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers of any magnitude: bounds beyond a long or near a double's limits, exclusive bounds,
 * multipleOf from tiny to huge. Each gives a valid value or a refusal, never an overflow (before,
 * {@code "minimum": -1e300, "maximum": 1e300} on an integer was a 500).
 */
class NumberRangeTest {
    private static final int SEEDS = 100;

    private static JsonNode schema(String singleQuoted) {
        return Schemas.read(singleQuoted.replace('\'', '"'));
    }

    private static JsonNode fake(JsonNode schema, long seed) {
        return Schemas.read(JsonSchema.compile(schema, 4096)
                .answer(new SeededRandom(seed), 4096)
                .json());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'integer','minimum':-1e300,'maximum':1e300}",
                "{'type':'number','minimum':-1e300,'maximum':1e300}",
                "{'type':'integer','minimum':1e300}",
                "{'type':'integer','maximum':-1e300}",
                "{'type':'integer','exclusiveMinimum':9223372036854775807}",
                "{'type':'integer','minimum':-9223372036854775809,'maximum':-9223372036854775808}",
                "{'type':'integer','minimum':100000000000000000000000,'maximum':100000000000000000000003}",
                "{'type':'number','minimum':-1.7976931348623157e308,'maximum':1.7976931348623157e308}",
                "{'type':'number','exclusiveMinimum':-1.7976931348623157e308,'exclusiveMaximum':1.7976931348623157e308}",
                "{'type':'number','exclusiveMinimum':1e300}",
                "{'type':'number','exclusiveMaximum':-1e300}",
                "{'type':'number','minimum':1.7976931348623157e308}",
                "{'type':'number','exclusiveMinimum':0,'exclusiveMaximum':1e-300}",
                "{'type':'number','minimum':4.9e-324,'maximum':4.9e-324}",
                "{'type':'number','multipleOf':1e-300,'minimum':0,'maximum':1}",
                "{'type':'number','multipleOf':1e300,'minimum':1}",
                "{'type':'number','multipleOf':0.01,'minimum':0,'maximum':1}",
                "{'type':'number','multipleOf':0.1,'exclusiveMinimum':0.3,'exclusiveMaximum':0.5}",
                "{'type':'integer','multipleOf':0.5}",
                "{'type':'integer','multipleOf':2.5,'minimum':1,'maximum':20}",
                "{'type':'integer','multipleOf':1e-300,'minimum':-3,'maximum':3}",
                "{'type':'integer','multipleOf':7,'minimum':1e20}",
                "{'type':'integer','minimum':0.2,'maximum':1.8}",
                "{'type':'integer','minimum':5,'exclusiveMinimum':true,'maximum':6}",
                "{'type':'number','maximum':5,'exclusiveMaximum':true,'minimum':4.999}",
                "{'type':'integer','minimum':3,'exclusiveMinimum':10}",
                "{'type':'integer','minimum':'5','maximum':'x'}"
            })
    void anyMagnitudeGivesAValidValue(String text) {
        JsonNode schema = schema(text);

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = fake(schema, seed);

            assertThat(SchemaCheck.violations(schema, value, "$"))
                    .as("seed %d, value %s", seed, value)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'integer','minimum':0.2,'maximum':0.8}",
                "{'type':'integer','exclusiveMinimum':1,'exclusiveMaximum':2}",
                "{'type':'integer','minimum':1e300,'maximum':-1e300}",
                "{'type':'number','minimum':1e300,'maximum':-1e300}",
                "{'type':'number','minimum':1.7976931348623157e308,'exclusiveMinimum':1.7976931348623157e308}",
                "{'type':'number','minimum':1e999}",
                "{'type':'integer','maximum':-1e999}",
                "{'type':'number','multipleOf':0}",
                "{'type':'integer','multipleOf':-2}",
                "{'type':'number','multipleOf':1e-400}",
                "{'type':'number','multipleOf':1e999}",
                "{'type':'integer','multipleOf':7,'minimum':1,'maximum':6}",
                "{'type':'number','multipleOf':0.5,'exclusiveMinimum':1,'exclusiveMaximum':1.5}",
                "{'type':'integer','minimum':5,'exclusiveMinimum':true,'maximum':5}"
            })
    void anEmptyRangeOrAMeaninglessBoundIsRefused(String text) {
        assertThatThrownBy(() -> JsonSchema.compile(schema(text), 4096))
                .isInstanceOf(SchemaException.class)
                .hasMessageStartingWith("#: ");
    }

    @Test
    void integersBeyondALongAreWrittenInFull() {
        JsonNode value = fake(schema("{'type':'integer','minimum':1e300}"), 1);

        assertThat(value.isIntegralNumber()).isTrue();
        assertThat(value.bigIntegerValue()).isGreaterThanOrEqualTo(BigInteger.TEN.pow(300));
    }

    @Test
    void valuesStayNearZeroOrNearTheBoundClosestToIt() {
        for (long seed = 0; seed < SEEDS; seed++) {
            assertThat(fake(schema("{'type':'integer','minimum':-1e300,'maximum':1e300}"), seed)
                            .asLong())
                    .isBetween(-100L, 100L);
            assertThat(fake(schema("{'type':'integer','minimum':1e20}"), seed).decimalValue())
                    .isBetween(new BigDecimal("1e20"), new BigDecimal("1e20").add(BigDecimal.valueOf(200)));
        }
    }

    @Test
    void uniqueNumbersDiffer() {
        JsonNode schema = schema("{'type':'array','uniqueItems':true,'minItems':30,'items':{'type':'number',"
                + "'exclusiveMinimum':0,'exclusiveMaximum':1}}");

        JsonNode value = fake(schema, 3);

        Set<JsonNode> items = new HashSet<>();
        value.forEach(items::add);
        assertThat(items).hasSize(value.size());
        assertThat(SchemaCheck.violations(schema, value, "$")).isEmpty();
    }
}
