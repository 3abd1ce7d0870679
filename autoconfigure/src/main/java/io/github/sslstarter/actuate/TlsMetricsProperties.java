package io.github.sslstarter.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * TLS metrics (ssl.metrics.*).
 *
 * @param peerTags Whether handshake timers carry the peer's host as a "peer.host" tag; off by
 * default because every peer becomes its own time series (on a server, every client address).
 */
@ConfigurationProperties("ssl.metrics")
public record TlsMetricsProperties(boolean peerTags) {

}
