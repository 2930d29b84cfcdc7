package org.healthportal.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Text for a client, written when the language of the answer is known: a message of the catalogue
 * ({@link Messages}) with its arguments, a fixed string, or several texts in a row.
 *
 * <p>Arguments may be strings, numbers, other texts and lists of those (joined as the language
 * joins a list). A text survives a round trip through JSON ({@link #toJson()}, {@link #fromJson}),
 * so a stored answer is replayed in the language of the request that replays it.
 */
public sealed interface Text {

  /** This text in {@code lang}. */
  String in(Lang lang);

  /** The catalogue's message {@code key} with positional arguments ({@code {0}}, {@code {1}}, ...). */
  static Text of(String key, Object... args) {
    return new Message(key, Arrays.asList(args));
  }

  /** The same string in every language (values, or text from code not yet moved to the catalogue). */
  static Text literal(String value) {
    return new Literal(value);
  }

  /** {@code parts} one after another, separated by the catalogue's separator {@code separatorKey}. */
  static Text joined(String separatorKey, List<? extends Text> parts) {
    return new Joined(separatorKey, List.copyOf(parts));
  }

  JsonObject toJson();

  /** The text a {@link #toJson()} describes; a plain string is a literal. */
  static Text fromJson(Object json) {
    if (json instanceof JsonObject o) {
      if (o.containsKey("k")) {
        List<Object> args = new ArrayList<>();
        o.getJsonArray("a", new JsonArray()).forEach(a -> args.add(argFromJson(a)));
        return new Message(o.getString("k"), args);
      }
      if (o.containsKey("j")) {
        List<Text> parts = new ArrayList<>();
        o.getJsonArray("j").forEach(p -> parts.add(fromJson(p)));
        return new Joined(o.getString("sep"), parts);
      }
      return new Literal(o.getString("s", ""));
    }
    return new Literal(json == null ? "" : json.toString());
  }

  /** A message of the catalogue. */
  record Message(String key, List<Object> args) implements Text {
    public Message {
      Objects.requireNonNull(key);
      args = java.util.Collections.unmodifiableList(new ArrayList<>(args)); // arguments may be null
    }

    @Override
    public String in(Lang lang) {
      return Messages.format(lang, key, args);
    }

    @Override
    public JsonObject toJson() {
      JsonArray a = new JsonArray();
      args.forEach(arg -> a.add(argToJson(arg)));
      return new JsonObject().put("k", key).put("a", a);
    }
  }

  /** A fixed string. */
  record Literal(String value) implements Text {
    @Override
    public String in(Lang lang) {
      return value;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("s", value);
    }
  }

  /** Texts in a row, separated by a separator of the catalogue. */
  record Joined(String separatorKey, List<Text> parts) implements Text {
    @Override
    public String in(Lang lang) {
      String separator = Messages.format(lang, separatorKey, List.of());
      StringBuilder out = new StringBuilder();
      for (Text part : parts) {
        if (out.length() > 0) out.append(separator);
        out.append(part.in(lang));
      }
      return out.toString();
    }

    @Override
    public JsonObject toJson() {
      JsonArray j = new JsonArray();
      parts.forEach(p -> j.add(p.toJson()));
      return new JsonObject().put("j", j).put("sep", separatorKey);
    }
  }

  private static Object argToJson(Object arg) {
    if (arg instanceof Text t) return t.toJson();
    if (arg instanceof List<?> list) {
      JsonArray out = new JsonArray();
      list.forEach(v -> out.add(argToJson(v)));
      return out;
    }
    if (arg == null || arg instanceof Number || arg instanceof Boolean) return arg;
    return arg.toString();
  }

  private static Object argFromJson(Object json) {
    if (json instanceof JsonObject o) return fromJson(o);
    if (json instanceof JsonArray a) {
      List<Object> list = new ArrayList<>();
      a.forEach(v -> list.add(argFromJson(v)));
      return list;
    }
    return json;
  }
}
