package org.healthportal.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON Merge Patch against the examples of RFC 7396, appendix A (those whose patch and target are objects). */
class MergePatchTest {

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\":\"b\"}                  | {\"a\":\"c\"}                     | {\"a\":\"c\"}",
      "{\"a\":\"b\"}                  | {\"b\":\"c\"}                     | {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}                  | {\"a\":null}                      | {}",
      "{\"a\":\"b\",\"b\":\"c\"}      | {\"a\":null}                      | {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}                | {\"a\":\"c\"}                     | {\"a\":\"c\"}",
      "{\"a\":\"c\"}                  | {\"a\":[\"b\"]}                   | {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}          | {\"a\":{\"b\":\"d\",\"c\":null}}  | {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}        | {\"a\":[1]}                       | {\"a\":[1]}",
      "{\"e\":null}                   | {\"a\":1}                         | {\"e\":null,\"a\":1}",
      "{}                             | {\"a\":{\"bb\":{\"ccc\":null}}}   | {\"a\":{\"bb\":{}}}",
      // RFC's [1,2] + {"a":"b","c":null}, one level down (the top level here is always an object)
      "{\"x\":[1,2]}                  | {\"x\":{\"a\":\"b\",\"c\":null}}  | {\"x\":{\"a\":\"b\"}}",
      "{\"x\":\"s\"}                  | {\"x\":{\"a\":{\"b\":1}}}         | {\"x\":{\"a\":{\"b\":1}}}",
      // arrays are values: a null inside one is kept, not a removal
      "{\"a\":[1]}                    | {\"a\":[null]}                    | {\"a\":[null]}",
      "{\"a\":1}                      | {}                                | {\"a\":1}",
      "{\"a\":{\"b\":1,\"c\":2}}      | {\"a\":{\"c\":null,\"d\":3}}      | {\"a\":{\"b\":1,\"d\":3}}"})
  void appliesAsTheRfcSays(String target, String patch, String expected) {
    assertThat(MergePatch.apply(new JsonObject(target), new JsonObject(patch))).isEqualTo(new JsonObject(expected));
  }

  @Test
  void neitherArgumentIsModified() {
    JsonObject target = new JsonObject("{\"a\":{\"b\":1,\"c\":2},\"d\":[1]}");
    JsonObject patch = new JsonObject("{\"a\":{\"b\":null,\"e\":{\"f\":1}},\"d\":null}");
    JsonObject targetBefore = target.copy();
    JsonObject patchBefore = patch.copy();
    JsonObject result = MergePatch.apply(target, patch);
    assertThat(result).isEqualTo(new JsonObject("{\"a\":{\"c\":2,\"e\":{\"f\":1}}}"));
    assertThat(target).isEqualTo(targetBefore);
    assertThat(patch).isEqualTo(patchBefore);
    result.getJsonObject("a").put("c", 99);
    assertThat(target.getJsonObject("a").getInteger("c")).isEqualTo(2);
  }
}
