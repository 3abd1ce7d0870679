package io.github.sslstarter.verify;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A {@link HostnameVerifier} that applies a scheme after the handshake, for clients such as
 * HttpsURLConnection, Apache HttpClient and OkHttp. The name checked is chosen by
 * {@link VerifyName}: the context's {@code verify.name} when set, else the host the client
 * connected to.
 */
public final class SchemeHostnameVerifier implements HostnameVerifier {

	private final HostnameScheme scheme;

	private final String verifyName;

	/**
	 * @param scheme the scheme to apply
	 * @param verifyName the name to check instead of the client's host ({@code verify.name}), or
	 * {@code null}
	 */
	public SchemeHostnameVerifier(HostnameScheme scheme, String verifyName) {
		this.scheme = (scheme != null) ? scheme : HostnameScheme.STRICT;
		this.verifyName = verifyName;
	}

	/** The scheme applied. */
	public HostnameScheme scheme() {
		return this.scheme;
	}

	@Override
	public boolean verify(String hostname, SSLSession session) {
		if (this.scheme.checksNothing()) {
			return true;
		}
		HostnameMatch match = match(hostname, session);
		return match != null && match.matched();
	}

	/**
	 * The detailed outcome for {@code hostname} (or the {@code verify.name}) on {@code session}, or
	 * {@code null} when the peer presented no X.509 certificate.
	 */
	public HostnameMatch match(String hostname, SSLSession session) {
		String name = VerifyName.choose(null, this.verifyName, hostname);
		X509Certificate certificate = peerCertificate(session);
		if (certificate == null) {
			return null;
		}
		return HostnameVerification.verify(name, certificate, this.scheme);
	}

	private static X509Certificate peerCertificate(SSLSession session) {
		if (session == null) {
			return null;
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			return (chain.length > 0 && chain[0] instanceof X509Certificate x509) ? x509 : null;
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

}
