/**
 * Redis/Tair ACL users: dual-account rotation with ACL SETUSER on every node of a target
 * (docs/rotators/redis.md). {@link dev.rotator.redis.RedisRotatorFactory} is listed in
 * {@code META-INF/services/dev.rotator.core.spi.RotatorFactory}.
 */
package dev.rotator.redis;
