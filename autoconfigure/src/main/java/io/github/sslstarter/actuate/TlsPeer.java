package io.github.sslstarter.actuate;

import java.time.Duration;

import io.github.sslstarter.starttls.StartTls;

/**
 * A configured TLS peer, resolved from {@code ssl.health.peers[*]}.
 *
 * @param name the peer's name in the health report and metrics
 * @param host the host connected to
 * @param port the port connected to
 * @param context the name of the TLS context connected with
 * @param startTls the STARTTLS protocol spoken first, or {@code null} for implicit TLS
 * @param scheme the hostname scheme overriding the context's, or {@code null}
 * @param verifyName the name the certificate must be valid for instead of the host, or {@code null}
 * @param expiryWarningThreshold a certificate expiring within this time is reported as expiring
 */
public record TlsPeer(String name, String host, int port, String context, StartTls startTls, String scheme,
		String verifyName, Duration expiryWarningThreshold) {

	/** {@code host:port}, with an IPv6 literal in brackets. */
	public String target() {
		return (this.host.indexOf(':') >= 0 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
