package io.llmd.sim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared mapper reads scalars as pydantic v2 in lax mode does (its conversion table, JSON input). */
class LaxScalarsTest {

    /** One field of each scalar type, optional (a wrapper) and with a default (a primitive). */
    record Fields(
            Integer optionalInt,
            int defaultedInt,
            Long optionalLong,
            Double optionalFloat,
            double defaultedFloat,
            Boolean optionalBool,
            boolean defaultedBool,
            String text,
            List<Integer> ints) {}

    private static Fields read(String field, String value) throws JsonProcessingException {
        return Json.mapper().readValue("{\"" + field + "\":" + value + "}", Fields.class);
    }

    private static Object value(String field, String json) throws JsonProcessingException {
        Fields fields = read(field, json);
        return switch (field) {
            case "optional_int" -> fields.optionalInt();
            case "defaulted_int" -> fields.defaultedInt();
            case "optional_long" -> fields.optionalLong();
            case "optional_float" -> fields.optionalFloat();
            case "defaulted_float" -> fields.defaultedFloat();
            case "optional_bool" -> fields.optionalBool();
            case "defaulted_bool" -> fields.defaultedBool();
            case "text" -> fields.text();
            default -> fields.ints();
        };
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "optional_int   | 5            | 5",
                "optional_int   | -5           | -5",
                "optional_int   | 5.0          | 5",
                "optional_int   | 1e3          | 1000",
                "optional_int   | '\"5\"'      | 5",
                "optional_int   | '\" 5 \"'    | 5",
                "optional_int   | '\"+5\"'     | 5",
                "optional_int   | '\"5.00\"'   | 5",
                "optional_int   | true         | 1",
                "optional_int   | false        | 0",
                "defaulted_int  | 7            | 7",
                "optional_long  | 9223372036854775807 | 9223372036854775807",
                "optional_long  | '\"-9223372036854775808\"' | -9223372036854775808",
                "optional_float | 0.5          | 0.5",
                "optional_float | 2            | 2.0",
                "optional_float | '\"0.5\"'    | 0.5",
                "optional_float | '\" 1e-3 \"' | 0.001",
                "optional_float | '\".5\"'     | 0.5",
                "optional_float | '\"-inf\"'   | -Infinity",
                "optional_float | '\"NaN\"'    | NaN",
                "optional_float | true         | 1.0",
                "defaulted_float| 1.5          | 1.5",
                "optional_bool  | true         | true",
                "optional_bool  | 0            | false",
                "optional_bool  | 1            | true",
                "optional_bool  | 1.0          | true",
                "optional_bool  | '\"yes\"'    | true",
                "optional_bool  | '\"On\"'     | true",
                "optional_bool  | '\"T\"'      | true",
                "optional_bool  | '\"y\"'      | true",
                "optional_bool  | '\"1\"'      | true",
                "optional_bool  | '\"FALSE\"'  | false",
                "optional_bool  | '\"off\"'    | false",
                "optional_bool  | '\"n\"'      | false",
                "optional_bool  | '\"0\"'      | false",
                "defaulted_bool | '\"true\"'   | true",
                "text           | '\"x\"'      | x",
                "text           | '\"\"'       | ''",
                "ints           | '[1, \"2\", 3.0, true]' | '[1, 2, 3, 1]'",
            })
    void convertsWhatPydanticConverts(String field, String json, String expected) throws JsonProcessingException {
        assertThat(String.valueOf(value(field, json))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "optional_int   | 5.5          | Input should be a valid integer, got a number with a fractional part",
                "optional_int   | '\"5.5\"'    | Input should be a valid integer, unable to parse string as an integer",
                "optional_int   | '\"five\"'   | Input should be a valid integer, unable to parse string as an integer",
                "optional_int   | '\"1e3\"'    | Input should be a valid integer, unable to parse string as an integer",
                "optional_int   | '\"\"'       | Input should be a valid integer, unable to parse string as an integer",
                "optional_int   | '\"0x10\"'   | Input should be a valid integer, unable to parse string as an integer",
                "optional_int   | 2147483648   | Input should be less than or equal to 2147483647",
                "optional_int   | '\"-2147483649\"' | Input should be greater than or equal to -2147483648",
                "optional_int   | 1e300        | Input should be less than or equal to 2147483647",
                "optional_int   | 1e999        | Input should be a finite number",
                "optional_int   | '[5]'        | Input should be a valid integer",
                "optional_int   | '{}'         | Input should be a valid integer",
                "defaulted_int  | null         | Input should be a valid integer",
                "optional_long  | 9223372036854775808 | Input should be less than or equal to 9223372036854775807",
                "optional_long  | '\"99999999999999999999\"' | Input should be less than or equal to 9223372036854775807",
                "optional_float | '\"hot\"'    | Input should be a valid number, unable to parse string as a number",
                "optional_float | '\"1d\"'     | Input should be a valid number, unable to parse string as a number",
                "optional_float | '\"0x1p3\"'  | Input should be a valid number, unable to parse string as a number",
                "optional_float | '[0.5]'      | Input should be a valid number",
                "defaulted_float| null         | Input should be a valid number",
                "optional_bool  | 5            | Input should be a valid boolean, unable to interpret input",
                "optional_bool  | 0.5          | Input should be a valid boolean, unable to interpret input",
                "optional_bool  | '\"maybe\"'  | Input should be a valid boolean, unable to interpret input",
                "optional_bool  | '\" true\"'  | Input should be a valid boolean, unable to interpret input",
                "optional_bool  | '{}'         | Input should be a valid boolean",
                "defaulted_bool | null         | Input should be a valid boolean",
                "text           | 123          | Input should be a valid string",
                "text           | 1.5          | Input should be a valid string",
                "text           | true         | Input should be a valid string",
                "text           | '[\"x\"]'    | Input should be a valid string",
                "text           | '{}'         | Input should be a valid string",
                "ints           | 5            | Input should be a valid list",
                "ints           | '\"5\"'      | Input should be a valid list",
                "ints           | '{}'         | Input should be a valid list",
                "ints           | '[1, null]'  | Input should be a valid integer",
                "ints           | '[1, 2.5]'   | Input should be a valid integer, got a number with a fractional part",
            })
    void refusesTheRestInPydanticsWords(String field, String json, String message) {
        assertThatThrownBy(() -> read(field, json))
                .isInstanceOfSatisfying(
                        MismatchedInputException.class,
                        e -> assertThat(WrongType.describe(e)).isEqualTo(message));
    }

    @Test
    void nullIsAbsentForAnOptionalField() throws JsonProcessingException {
        Fields fields = Json.mapper()
                .readValue(
                        "{\"optional_int\":null,\"optional_long\":null,\"optional_float\":null,\"optional_bool\":null,"
                                + "\"text\":null,\"ints\":null}",
                        Fields.class);

        assertThat(fields).isEqualTo(Json.mapper().readValue("{}", Fields.class));
    }

    @Test
    void aFieldWithADefaultMayBeLeftOut() throws JsonProcessingException {
        Fields fields = Json.mapper().readValue("{}", Fields.class);

        assertThat(fields.defaultedInt()).isZero();
        assertThat(fields.defaultedBool()).isFalse();
    }
}
