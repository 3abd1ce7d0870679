package io.github.sslstarter.verify;

import java.util.List;

/**
 * Decides by itself whether a certificate is valid for a host, as IO::Socket::SSL's scheme
 * callback does. Wrap it with {@link HostnameScheme#custom(String, HostnameCallback)} to use it as a scheme.
 */
@FunctionalInterface
public interface HostnameCallback {

	/**
	 * @param host the identity to check, exactly as the caller gave it (not normalized)
	 * @param commonName the most specific CN of the certificate's subject, or {@code null}
	 * @param subjectAltNames the certificate's subjectAltNames, typed, in certificate order
	 * @return whether the certificate is valid for {@code host}
	 */
	boolean verify(String host, String commonName, List<SubjectAltName> subjectAltNames);

}
