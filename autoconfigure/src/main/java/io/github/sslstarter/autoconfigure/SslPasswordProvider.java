package io.github.sslstarter.autoconfigure;

/**
 * Supplies the password of an encrypted private key or keystore when no password property is
 * set (IO::Socket::SSL's {@code SSL_passwd_cb}). Declare one as a bean; it is asked with the
 * context's name and the location of the material. Return {@code null} to decline.
 */
@FunctionalInterface
public interface SslPasswordProvider {

	/**
	 * The password for {@code location} in context {@code context}, or {@code null}.
	 */
	char[] password(String context, String location);

}
