package dev.rotator.core.service;

import java.time.Instant;

/** DeleteSecret's answer: when the secret goes for good (now, for a forced deletion). */
public record DeleteResult(String secretName, Instant plannedDeleteTime) {
}
