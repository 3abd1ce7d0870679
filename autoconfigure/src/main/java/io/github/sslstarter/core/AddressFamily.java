package io.github.sslstarter.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses a client tries (IO::Socket::SSL's choice between IO::Socket::INET and
 * INET6, and its {@code inet4} / {@code inet6} options).
 */
public enum AddressFamily {

	/** Every resolved address, in the resolver's order. */
	ANY,

	/** IPv4 addresses only. */
	IPV4,

	/** IPv6 addresses only. */
	IPV6;

	/** Whether {@code address} belongs to this family. */
	public boolean includes(InetAddress address) {
		return switch (this) {
			case ANY -> true;
			case IPV4 -> address instanceof Inet4Address;
			case IPV6 -> address instanceof Inet6Address;
		};
	}

}
