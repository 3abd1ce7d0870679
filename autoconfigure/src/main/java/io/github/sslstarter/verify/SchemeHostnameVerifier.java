package io.github.sslstarter.verify;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/**
 * A {@link HostnameVerifier} that applies a scheme after the handshake, for clients such as
 * HttpsURLConnection, Apache HttpClient and OkHttp. STUB: replaced by the verify issue.
 */
public final class SchemeHostnameVerifier implements HostnameVerifier {

	private final HostnameScheme scheme;

	private final String fixedName;

	public SchemeHostnameVerifier(HostnameScheme scheme, String fixedName) {
		this.scheme = scheme;
		this.fixedName = fixedName;
	}

	public HostnameScheme scheme() {
		return this.scheme;
	}

	@Override
	public boolean verify(String hostname, SSLSession session) {
		return true;
	}

}
