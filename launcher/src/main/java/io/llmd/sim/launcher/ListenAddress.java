package io.llmd.sim.launcher;

import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.Flag;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * The address the launcher listens on ({@code --host}): every interface unless one is named, as
 * vLLM; a name that is no address of this machine is refused before anything listens.
 *
 * @param host the host as given, or null for every interface
 */
record ListenAddress(@Nullable String host) {

    /** Checks {@code host} (null for every interface). */
    static ListenAddress of(@Nullable String host) {
        if (host == null) {
            return new ListenAddress(null);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(Flag.HOST.flagName(), "'" + host + "' is no known host name or address");
        }
        try {
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new ConfigException(
                        Flag.HOST.flagName(),
                        "'" + host + "' (" + address.getHostAddress() + ") is no address of this machine");
            }
        } catch (SocketException e) {
            throw new ConfigException(Flag.HOST.flagName(), "cannot list this machine's addresses: " + e.getMessage());
        }
        return new ListenAddress(host);
    }

    /** The host as a URL writes it: 0.0.0.0 for every interface, an IPv6 address in brackets. */
    String forUrl() {
        if (host == null) {
            return "0.0.0.0";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Where a client on this machine reaches the server: the loopback address unless one address was named. */
    String forLocalClient() {
        if (host == null) {
            return "127.0.0.1";
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                return address instanceof Inet6Address ? "::1" : "127.0.0.1";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
