package io.tributary.admin.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An admin API without users is acceptable only where nobody but this machine can reach it.
 */
final class LoopbackCheck {

    private LoopbackCheck() {
    }

    /**
     * @param address {@code server.address}; unset means every interface
     * @throws IllegalStateException naming the settings to set when {@code address} is not a loopback address
     */
    static void requireLoopback(String address) {
        if (!isLoopback(address)) {
            throw new IllegalStateException("the admin API listens on "
                    + (address == null || address.isBlank() ? "all interfaces" : address)
                    + " but has no users: set tributary.admin.security.users[0].name/password/role (or "
                    + "tributary.admin.security.api-keys), or bind it to loopback with server.address=127.0.0.1");
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            for (InetAddress resolved : InetAddress.getAllByName(address.strip())) {
                if (!resolved.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
