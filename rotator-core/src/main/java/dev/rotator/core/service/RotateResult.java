package dev.rotator.core.service;

/** RotateSecret's answer: the version the rotation makes (the Arn is the wire layer's). */
public record RotateResult(String secretName, String versionId) {
}
