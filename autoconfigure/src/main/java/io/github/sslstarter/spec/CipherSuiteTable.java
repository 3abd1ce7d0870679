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
 * The suites OpenSSL 3.0 knows, in its intrinsic order, read from the generated
 * {@code openssl-cipher-suites.tsv} (see {@code generate-cipher-table.py} in the tests).
 */
final class CipherSuiteTable {

	static final List<CipherSuite> SUITES = load();

	private static final Map<String, CipherSuite> BY_NAME = index();

	private CipherSuiteTable() {
	}

	/** By OpenSSL name (case-sensitive, as OpenSSL) or by IANA name. */
	static CipherSuite find(String name) {
		return BY_NAME.get(name);
	}

	private static Map<String, CipherSuite> index() {
		Map<String, CipherSuite> index = new HashMap<>();
		for (CipherSuite suite : SUITES) {
			index.put(suite.opensslName(), suite);
			index.put(suite.ianaName(), suite);
		}
		return Collections.unmodifiableMap(index);
	}

	private static List<CipherSuite> load() {
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
				suites.add(new CipherSuite(suites.size(), f[0], f[1], f[2], f[3], f[4], f[5], f[6],
						Integer.parseInt(f[7]), f[8], f[9], "Y".equals(f[10])));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(suites);
	}

}
