package io.tributary.protocol.dispatch;

import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.protocol.ApiRegistry.Registration;

/**
 * The built-in ApiVersions API: advertises exactly the registered keys and version ranges, plus ApiVersions
 * itself at {@code 0..latestVersion(false)}.
 * <p>
 * Both possible bodies are built once and shared: serialization only reads them.
 */
final class ApiVersionsHandler {

    /** The version every client can read; used to tell a client that its ApiVersions version is too new. */
    static final short FALLBACK_VERSION = 0;

    private final ApiVersionsResponseData supported;
    private final ApiVersionsResponseData unsupportedVersion;

    ApiVersionsHandler(Map<ApiKeys, Registration> registrations) {
        this.supported = new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setApiKeys(advertised(registrations));
        // KIP-511: the client retries with the highest ApiVersions version it finds in this list
        this.unsupportedVersion = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(advertised(registrations));
    }

    boolean supports(short version) {
        return version >= ApiKeys.API_VERSIONS.oldestVersion() && version <= ApiKeys.API_VERSIONS.latestVersion(false);
    }

    ApiVersionsResponseData supported() {
        return supported;
    }

    /** To be sent at {@link #FALLBACK_VERSION}. */
    ApiVersionsResponseData unsupportedVersion() {
        return unsupportedVersion;
    }

    private static ApiVersionCollection advertised(Map<ApiKeys, Registration> registrations) {
        ApiVersionCollection versions = new ApiVersionCollection();
        versions.add(new ApiVersion()
                .setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion(ApiKeys.API_VERSIONS.oldestVersion())
                .setMaxVersion(ApiKeys.API_VERSIONS.latestVersion(false)));
        registrations.forEach((key, registration) -> versions.add(new ApiVersion()
                .setApiKey(key.id)
                .setMinVersion(registration.minVersion())
                .setMaxVersion(registration.maxVersion())));
        return versions;
    }
}
