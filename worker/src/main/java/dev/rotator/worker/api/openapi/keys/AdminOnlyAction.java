package dev.rotator.worker.api.openapi.keys;

import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Access;

import java.util.Map;
import java.util.Objects;

/**
 * An action only admins may call: key operations touch no one secret, and a reader's policy names secrets,
 * not keys, so it grants none of them (Alibaba grants Encrypt/Decrypt to RAM users by policy; we keep keys to
 * admins, which is simpler and cannot leak key use to a reader).
 */
record AdminOnlyAction(String name, Handler handler) implements KmsAction {

    /** The work of one action, given its parameters and caller; returns the response fields. */
    @FunctionalInterface
    interface Handler {
        Map<String, Object> handle(Params params, Caller caller);
    }

    AdminOnlyAction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Access access(Params params) {
        return Access.adminOnly();
    }

    @Override
    public Map<String, Object> handle(Params params, Caller caller) {
        return handler.handle(params, caller);
    }
}
