package io.github.sslstarter.spec;

/**
 * One TLS 1.2-and-earlier cipher suite as OpenSSL describes it: a row of
 * {@code openssl-cipher-suites.tsv}, or a suite the JVM has that OpenSSL does not know (then only
 * its IANA name is meaningful and it matches only by that name).
 */
record CipherSuite(int order, String id, String opensslName, String ianaName, String minVersion, String kx,
		String au, String enc, int bits, String mac, String level, boolean inDefault) {

	static CipherSuite foreign(int order, String ianaName) {
		return new CipherSuite(order, "?", null, ianaName, "?", "?", "?", "?", 0, "?", "-", false);
	}

	boolean known() {
		return this.opensslName != null;
	}

	String displayName() {
		return known() ? this.opensslName : this.ianaName;
	}

}
