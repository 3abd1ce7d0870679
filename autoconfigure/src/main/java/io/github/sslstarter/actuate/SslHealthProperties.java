package io.github.sslstarter.actuate;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TLS peers whose health is checked ({@code ssl.health.*}), and how the checks run: on a
 * bounded pool, each under its own deadline, re-checked in the background and served from the
 * last result so {@code /actuator/health} never waits for a peer.
 *
 * @param peers the peers to check
 * @param cacheTtl how long a result is served before the peer is checked again; each peer is
 * re-checked this long after its previous check finished (default 30s)
 * @param timeout the most one check may take, connect, STARTTLS dialogue and handshake together;
 * the socket is closed when it is reached (default 10s)
 * @param threads how many checks run at the same time (default 16: a check mostly waits on the network)
 * @param expiryWarningThreshold a certificate of the peer's chain that expires within this time
 * is reported as expiring (default 14 days, like Spring Boot's
 * {@code management.health.ssl.certificate-validity-warning-threshold})
 * @param expiringStatus the health status of a reachable peer whose chain is expiring: {@code UP}
 * (the default, as Spring Boot's own SSL indicator) with a {@code warning} detail, or any other
 * status code such as {@code OUT_OF_SERVICE} or a custom {@code WARNING}
 */
@ConfigurationProperties("ssl.health")
public record SslHealthProperties(List<Peer> peers, @DefaultValue("30s") Duration cacheTtl,
		@DefaultValue("10s") Duration timeout, @DefaultValue("16") int threads,
		@DefaultValue("14d") Duration expiryWarningThreshold, @DefaultValue("UP") String expiringStatus) {

	public SslHealthProperties {
		peers = (peers != null) ? List.copyOf(peers) : List.of();
	}

	/**
	 * One peer.
	 *
	 * @param name the peer's name in the health report and metrics (default {@code host:port})
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @param context the TLS context to connect with (default {@code primary})
	 * @param startTls the STARTTLS protocol spoken before the handshake: smtp, imap, pop3, ftp,
	 * ldap, postgres or xmpp; none for implicit TLS
	 * @param scheme the hostname scheme for this peer instead of the context's
	 * @param verifyName the name the peer's certificate must be valid for, instead of the host
	 * @param expiryWarningThreshold this peer's warning threshold instead of the global one
	 */
	public record Peer(String name, String host, Integer port, String context, String startTls, String scheme,
			String verifyName, Duration expiryWarningThreshold) {

	}

}
