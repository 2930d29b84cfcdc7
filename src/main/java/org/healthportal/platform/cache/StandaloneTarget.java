package org.healthportal.platform.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletionStage;

/** One Redis server ({@code redis.url}): the development default. */
final class StandaloneTarget implements RedisTarget<RedisClient> {

  private final RedisURI uri;
  private final ClientOptions options;

  StandaloneTarget(RedisURI uri, ClientOptions options) {
    this.uri = uri;
    this.options = options;
  }

  @Override
  public RedisClient client(ClientResources resources) {
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(options);
    return client;
  }

  @Override
  public CompletionStage<LaneConnections> connect(RedisClient client) {
    return client.connectAsync(StringCodec.UTF8, uri).thenApply(c -> new LaneConnections(c, c.async(), c, c.async()));
  }

  @Override
  public String describe() {
    return "Redis at " + uri.getHost() + ":" + uri.getPort();
  }
}
