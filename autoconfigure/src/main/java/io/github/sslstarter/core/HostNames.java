package io.github.sslstarter.core;

/**
 * Small facts about host strings, decided without any DNS lookup.
 */
final class HostNames {

	private HostNames() {
	}

	/** Whether {@code host} is an IPv4 or IPv6 literal (IPv6 with or without brackets). */
	static boolean isIpLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		int dots = 0;
		int digits = 0;
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c == '.') {
				dots++;
				digits = 0;
			}
			else if (c >= '0' && c <= '9' && ++digits <= 3) {
				continue;
			}
			else {
				return false;
			}
		}
		return dots == 3;
	}

	static String stripTrailingDot(String host) {
		return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
	}

	/** {@code host:port}, with brackets around IPv6 literals. */
	static String peer(String host, int port) {
		return ((host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host) + ":" + port;
	}

}
