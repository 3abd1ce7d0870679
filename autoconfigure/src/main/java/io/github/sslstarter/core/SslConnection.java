package io.github.sslstarter.core;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.github.sslstarter.verify.HostnameMatch;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.HostnameVerification;
import io.github.sslstarter.verify.PeerCertificate;

/**
 * What was negotiated on an established TLS connection and who the peer is: protocol, cipher
 * suite, ALPN result and the peer's certificates.
 */
public final class SslConnection {

	private final SSLSession session;

	private final String applicationProtocol;

	private SslConnection(SSLSession session, String applicationProtocol) {
		this.session = session;
		this.applicationProtocol = applicationProtocol;
	}

	/**
	 * The connection of {@code socket}. {@link SSLSocket#getSession()} completes the handshake
	 * first if it has not happened yet.
	 */
	public static SslConnection of(SSLSocket socket) {
		Objects.requireNonNull(socket, "socket");
		SSLSession session = socket.getSession();
		return new SslConnection(session, emptyToNull(socket.getApplicationProtocol()));
	}

	/** The connection of {@code session}; a session does not know the ALPN result, so it is {@code null}. */
	public static SslConnection of(SSLSession session) {
		return new SslConnection(Objects.requireNonNull(session, "session"), null);
	}

	/** The underlying session. */
	public SSLSession session() {
		return this.session;
	}

	/** The protocol, such as {@code TLSv1.3}. */
	public String protocol() {
		return this.session.getProtocol();
	}

	/** The cipher suite, such as {@code TLS_AES_128_GCM_SHA256}. */
	public String cipherSuite() {
		return this.session.getCipherSuite();
	}

	/** The protocol chosen by ALPN, or {@code null} when none was negotiated. */
	public String applicationProtocol() {
		return this.applicationProtocol;
	}

	/** The peer's X.509 chain, leaf first; empty when the peer was not authenticated. */
	public List<X509Certificate> peerChain() {
		Certificate[] chain;
		try {
			chain = this.session.getPeerCertificates();
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
		List<X509Certificate> certificates = new ArrayList<>(chain.length);
		for (Certificate certificate : chain) {
			if (certificate instanceof X509Certificate x509) {
				certificates.add(x509);
			}
		}
		return List.copyOf(certificates);
	}

	/** A view of the peer's own certificate, or {@code null} when the peer sent none. */
	public PeerCertificate peerCertificate() {
		List<X509Certificate> chain = peerChain();
		return chain.isEmpty() ? null : PeerCertificate.of(chain.get(0));
	}

	/**
	 * Matches {@code host} against the peer certificate under {@code scheme}; a peer without
	 * certificate matches nothing.
	 */
	public HostnameMatch verifyHostname(String host, HostnameScheme scheme) {
		List<X509Certificate> chain = peerChain();
		if (chain.isEmpty()) {
			return new HostnameMatch(scheme.checksNothing(), host, scheme.name(), List.of());
		}
		return HostnameVerification.verify(host, chain.get(0), scheme);
	}

	/** Matches {@code host} under the scheme of that name or alias. */
	public HostnameMatch verifyHostname(String host, String scheme) {
		return verifyHostname(host, HostnameScheme.named(scheme));
	}

	@Override
	public String toString() {
		return "SslConnection[" + protocol() + ", " + cipherSuite()
				+ ((this.applicationProtocol != null) ? ", " + this.applicationProtocol : "") + "]";
	}

	private static String emptyToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
