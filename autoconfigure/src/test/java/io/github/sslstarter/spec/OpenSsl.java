package io.github.sslstarter.spec;

import java.util.ArrayList;
import java.util.List;

import io.github.sslstarter.test.ExternalTool;

/** What the local {@code openssl} CLI makes of a cipher string, for the conformance tests. */
final class OpenSsl {

	private OpenSsl() {
	}

	/** The local OpenSSL's version line, e.g. "OpenSSL 3.0.19 27 Jan 2026". */
	static String version() {
		return ExternalTool.openssl().run("version").stdout().trim();
	}

	/** {@code openssl ciphers -stdname} as IANA names (TLS 1.3 suites included), empty on "no match". */
	static List<String> ciphers(String cipherString, boolean securityLevel) {
		ExternalTool openssl = ExternalTool.openssl();
		ExternalTool.Result result = securityLevel ? openssl.run("ciphers", "-s", "-stdname", cipherString)
				: openssl.run("ciphers", "-stdname", cipherString);
		if (result.exitCode() != 0) {
			if (result.stderr().contains("no cipher match")) {
				return List.of();
			}
			throw new IllegalStateException("openssl ciphers failed: " + result.stderr());
		}
		List<String> names = new ArrayList<>();
		for (String line : result.stdout().split("\n")) {
			if (!line.isBlank()) {
				names.add(line.split(" - ")[0].trim());
			}
		}
		return names;
	}

}
