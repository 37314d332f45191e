package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.credential.RandomPasswordRequest;
import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Access;

import java.util.Map;

/**
 * GetRandomPassword, for admins: PasswordLength (8–128, default 32), ExcludeCharacters, the four Exclude*
 * switches and RequireEachIncludedType (default true), all strings on the wire.
 */
final class GetRandomPasswordAction implements KmsAction {
    private final SecretService secrets;

    GetRandomPasswordAction(SecretService secrets) {
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return "GetRandomPassword";
    }

    @Override
    public Access access(Params params) {
        return Access.adminOnly();
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        RandomPasswordRequest request = new RandomPasswordRequest(
                p.integer("PasswordLength", CredentialPolicy.MIN_LENGTH, CredentialPolicy.MAX_LENGTH,
                        RandomPasswordRequest.DEFAULT_LENGTH),
                p.optional("ExcludeCharacters").orElse(null), p.bool("ExcludeLowercase", false),
                p.bool("ExcludeUppercase", false), p.bool("ExcludeNumbers", false), p.bool("ExcludePunctuation", false),
                p.bool("RequireEachIncludedType", true));
        return Map.of("RandomPassword", secrets.randomPassword(request));
    }
}
