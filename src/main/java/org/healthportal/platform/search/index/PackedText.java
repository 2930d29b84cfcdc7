package org.healthportal.platform.search.index;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Text the index holds for every listing but reads for few (a facility's whole detail), deflated
 * against a preset dictionary: a document of a few hundred bytes shares little with itself, but much
 * with the dictionary (member names, enum values), so each shrinks to about a third.
 *
 * <p>Deflaters and inflaters hold native memory and are costly to create, so each thread reuses one.
 * The default level: on facility details it packs as small as the best (about 205 of 1,730 bytes) in
 * a third of the time, which matters when 80,000 are packed at start.
 */
public final class PackedText {

  private final byte[] dictionary;
  private final ThreadLocal<Deflater> deflaters;
  private final ThreadLocal<Inflater> inflaters = ThreadLocal.withInitial(() -> new Inflater(true));

  /** @param sample text like what is packed, whose common parts become the dictionary */
  public PackedText(String sample) {
    this.dictionary = sample.getBytes(StandardCharsets.UTF_8);
    this.deflaters = ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
  }

  public byte[] pack(String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = deflaters.get();
    deflater.reset();
    deflater.setDictionary(dictionary);
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
    byte[] chunk = new byte[1024];
    while (!deflater.finished()) {
      int n = deflater.deflate(chunk);
      out.write(chunk, 0, n);
    }
    // The unpacked length first, so unpacking allocates once.
    byte[] packed = out.toByteArray();
    byte[] result = new byte[packed.length + 4];
    int length = raw.length;
    result[0] = (byte) (length >>> 24);
    result[1] = (byte) (length >>> 16);
    result[2] = (byte) (length >>> 8);
    result[3] = (byte) length;
    System.arraycopy(packed, 0, result, 4, packed.length);
    return result;
  }

  public Buffer unpack(byte[] packed) {
    int length = (packed[0] & 0xff) << 24 | (packed[1] & 0xff) << 16 | (packed[2] & 0xff) << 8 | packed[3] & 0xff;
    byte[] raw = new byte[length];
    Inflater inflater = inflaters.get();
    inflater.reset();
    // A raw stream needs its dictionary set before any input is read.
    inflater.setDictionary(dictionary);
    inflater.setInput(packed, 4, packed.length - 4);
    try {
      int n = 0;
      while (n < length) {
        int read = inflater.inflate(raw, n, length - n);
        if (read == 0 && (inflater.finished() || inflater.needsInput())) break;
        n += read;
      }
      if (n != length) throw new IllegalStateException("packed text ended after " + n + " of " + length + " bytes");
    } catch (DataFormatException e) {
      throw new IllegalStateException("packed text is corrupt", e);
    }
    return Buffer.buffer(raw);
  }
}
