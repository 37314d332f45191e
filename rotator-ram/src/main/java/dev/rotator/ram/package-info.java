/**
 * RAM AccessKeys: rotation through the RAM OpenAPI with an overlap window.
 *
 * <p>A skeleton for now: the rotator arrives with its own issue, as a
 * {@link dev.rotator.core.spi.RotatorFactory} listed in
 * {@code META-INF/services/dev.rotator.core.spi.RotatorFactory}.
 */
package dev.rotator.ram;
