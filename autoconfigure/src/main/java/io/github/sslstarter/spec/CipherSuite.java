package io.github.sslstarter.spec;

/**
 * One TLS 1.2-and-earlier cipher suite as OpenSSL describes it: a row of
 * {@code openssl-cipher-suites.tsv}, or a suite the JVM has that OpenSSL does not know (then only
 * its IANA name is meaningful and it matches only by that name). {@code current} suites are in
 * OpenSSL 3's tables; the others are suites OpenSSL dropped before 3.0 (SSLv2, export, KRB5,
 * fixed DH, ...), which only the words OpenSSL dropped with them select.
 */
record CipherSuite(int order, String id, String opensslName, String ianaName, String minVersion, String kx,
		String au, String enc, int bits, String mac, String level, boolean inDefault, boolean current) {

	static CipherSuite foreign(int order, String ianaName) {
		return new CipherSuite(order, "?", null, ianaName, "?", "?", "?", "?", 0, "?", "-", false, false);
	}

	boolean known() {
		return this.opensslName != null;
	}

	String displayName() {
		return known() ? this.opensslName : this.ianaName;
	}

}
