package dev.taleweaver.adapter.redis;

import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

/**
 * {@link BoundedReads} through the store's Redisson client ({@code REDIS_READ_CLIENT=redisson}, and always with
 * {@code REDIS_READ_FROM=replica}): the command goes to Redisson's event loop and the caller waits for its future.
 * Owns nothing; {@link #close()} does nothing (the client's owner shuts it down).
 */
final class RedissonBoundedReads implements BoundedReads {
    private final RedissonClient client;

    RedissonBoundedReads(RedissonClient client) {
        this.client = client;
    }

    @Override
    public String readText(String redisKey) {
        return read(redisKey, StringCodec.INSTANCE);
    }

    @Override
    public byte[] readBytes(String redisKey) {
        return read(redisKey, ByteArrayCodec.INSTANCE);
    }

    /**
     * At most {@link RedissonCacheStore#MAX_VALUE_BYTES} + 1 bytes of the value (an empty string when there is none),
     * through Redisson's command executor, as its objects offer no GETRANGE; a client of another kind gets a plain GET.
     */
    private <V> V read(String redisKey, Codec codec) {
        if (client instanceof Redisson redisson) {
            CommandAsyncExecutor executor = redisson.getCommandExecutor();
            RFuture<V> range = executor.readAsync(redisKey, codec, RedisCommands.GETRANGE, redisKey, 0,
                    RedissonCacheStore.MAX_VALUE_BYTES);
            return executor.get(range);
        }
        return client.<V>getBucket(redisKey, codec).get();
    }

    /** 0: the reads share the Redisson client's pool. */
    @Override
    public int ownPoolSize() {
        return 0;
    }

    @Override
    public String describe() {
        return "redisson";
    }

    @Override
    public void close() {
        // the Redisson client is its creator's to shut down
    }
}
