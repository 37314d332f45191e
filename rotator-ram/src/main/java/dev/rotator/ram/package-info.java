/**
 * RAM AccessKeys: rotation through the RAM OpenAPI ({@code com.aliyun:ram20150501}) with an overlap window.
 *
 * <p>{@link dev.rotator.ram.RamRotator} serves RAMCredentials secrets (docs/rotators/ram.md); it is found by
 * {@link java.util.ServiceLoader} through {@link dev.rotator.ram.RamRotatorFactory}.
 */
package dev.rotator.ram;
