package io.github.sslstarter.verify;

/**
 * The one rule that chooses the name a peer's certificate is verified against
 * (IO::Socket::SSL's {@code SSL_verifycn_name}): a name given for that one connection, then the
 * context's {@code verify.name}, then the host connected to (an IP literal included). Every
 * place that verifies or reports a name asks this rule.
 */
public final class VerifyName {

	private VerifyName() {
	}

	/**
	 * The name to verify.
	 * @param perConnection a name given for this connection, or {@code null}
	 * @param configured the context's {@code verify.name}, or {@code null}
	 * @param host the host connected to (or the peer host JSSE knows), or {@code null}
	 * @return the first of them that is set, or {@code null} when none is
	 */
	public static String choose(String perConnection, String configured, String host) {
		if (perConnection != null) {
			return perConnection;
		}
		return (configured != null) ? configured : host;
	}

	/**
	 * Whether a name given for one connection differs from the name the context would verify by
	 * itself for that host, ignoring case.
	 */
	public static boolean overrides(String perConnection, String configured, String host) {
		if (perConnection == null) {
			return false;
		}
		String usual = choose(null, configured, host);
		return !perConnection.equalsIgnoreCase(usual);
	}

}
