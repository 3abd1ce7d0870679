package io.github.sslstarter.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every suite OpenSSL has named, in OpenSSL 3's intrinsic order, read from the generated
 * {@code openssl-cipher-suites.tsv} (see {@code generate-cipher-table.py} in the tests).
 */
final class CipherSuiteTable {

	static final List<CipherSuite> SUITES;

	private static final Map<String, CipherSuite> BY_NAME;

	static {
		Map<String, CipherSuite> index = new HashMap<>();
		SUITES = load(index);
		BY_NAME = Collections.unmodifiableMap(index);
	}

	private CipherSuiteTable() {
	}

	/**
	 * By OpenSSL name or alias (case-sensitive, as OpenSSL) or by IANA name; JSSE's {@code SSL_}
	 * spelling of an IANA {@code TLS_} name is the same suite.
	 */
	static CipherSuite find(String name) {
		CipherSuite suite = BY_NAME.get(name);
		if (suite == null && name.startsWith("SSL_")) {
			suite = BY_NAME.get("TLS_" + name.substring(4));
		}
		return suite;
	}

	private static List<CipherSuite> load(Map<String, CipherSuite> index) {
		List<CipherSuite> suites = new ArrayList<>();
		try (InputStream in = CipherSuiteTable.class.getResourceAsStream("openssl-cipher-suites.tsv")) {
			if (in == null) {
				throw new IllegalStateException("openssl-cipher-suites.tsv is missing from the classpath");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] f = line.split("\t");
				CipherSuite suite = new CipherSuite(suites.size(), f[0], f[1], f[2], f[3], f[4], f[5], f[6],
						Integer.parseInt(f[7]), f[8], f[9], "Y".equals(f[10]), "3".equals(f[11]));
				suites.add(suite);
				index.putIfAbsent(suite.opensslName(), suite);
				if (!"-".equals(suite.ianaName())) {
					index.putIfAbsent(suite.ianaName(), suite);
				}
				if (!"-".equals(f[13])) {
					for (String alias : f[13].split(",")) {
						index.putIfAbsent(alias, suite);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(suites);
	}

}
