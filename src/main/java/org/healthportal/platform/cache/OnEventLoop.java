package org.healthportal.platform.cache;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce one Vert.x event loop as its "group": a Netty event loop is a group of one, so every
 * channel of the client (for a cluster: the channel to each node) registers on it. Vert.x owns the
 * loop; Lettuce never shuts it down.
 */
record OnEventLoop(EventLoop loop) implements EventLoopGroupProvider {

  @Override
  @SuppressWarnings("unchecked")
  public <T extends EventLoopGroup> T allocate(Class<T> type) {
    return (T) loop;
  }

  @Override
  public int threadPoolSize() {
    return 1;
  }

  @Override
  public io.netty.util.concurrent.Future<Boolean> release(EventExecutorGroup group, long quiet, long timeout, TimeUnit unit) {
    return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
  }

  @Override
  public io.netty.util.concurrent.Future<Boolean> shutdown(long quiet, long timeout, TimeUnit unit) {
    return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
  }
}
