package io.github.sslstarter.actuate;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TLS peers whose health is checked (ssl.health.*), and how the checks run: on a
 * bounded pool, each under its own deadline, re-checked in the background and served from the
 * last result so /actuator/health never waits for a peer.
 *
 * @param peers The peers to check
 * @param cacheTtl How long a result is served before the peer is checked again; each peer is
 * re-checked this long after its previous check finished (default 30s)
 * @param timeout The most one check may take, connect, STARTTLS dialogue and handshake together;
 * the socket is closed when it is reached (default 10s)
 * @param threads How many checks run at the same time (default 16: a check mostly waits on the network)
 * @param expiryWarningThreshold A certificate of the peer's chain that expires within this time
 * is reported as expiring (default 14 days, like Spring Boot's
 * management.health.ssl.certificate-validity-warning-threshold)
 * @param expiringStatus The health status of a reachable peer whose chain is expiring: UP
 * (the default, as Spring Boot's own SSL indicator) with a warning detail, or any other
 * status code such as OUT_OF_SERVICE or a custom WARNING
 */
@ConfigurationProperties("ssl.health")
public record TlsPeerHealthProperties(List<Peer> peers, @DefaultValue("30s") Duration cacheTtl,
		@DefaultValue("10s") Duration timeout, @DefaultValue("16") int threads,
		@DefaultValue("14d") Duration expiryWarningThreshold, @DefaultValue("UP") String expiringStatus) {

	public TlsPeerHealthProperties {
		peers = (peers != null) ? List.copyOf(peers) : List.of();
	}

	/**
	 * One peer.
	 *
	 * @param name The peer's name in the health report and metrics (default host:port)
	 * @param host The host to connect to
	 * @param port The port to connect to
	 * @param context The TLS context to connect with (default primary)
	 * @param startTls The STARTTLS protocol spoken before the handshake: smtp, imap, pop3, ftp,
	 * ldap, postgres or xmpp; none for implicit TLS
	 * @param scheme The hostname scheme for this peer instead of the context's
	 * @param verifyName The name the peer's certificate must be valid for, instead of the host
	 * @param expiryWarningThreshold This peer's warning threshold instead of the global one
	 */
	public record Peer(String name, String host, Integer port, String context, String startTls, String scheme,
			String verifyName, Duration expiryWarningThreshold) {

	}

}
