package io.github.sslstarter.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;



/** Runs the local {@code openssl} CLI for the tests; missing openssl fails the test under CI=true. */
final class OpenSsl {

	private OpenSsl() {
	}

	record Result(int exitCode, String stdout, String stderr) {
	}

	static void require() {
		io.github.sslstarter.testing.ExternalPeer.require("openssl");
	}

	static Result run(String... args) {
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			byte[] err = process.getErrorStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("openssl " + args[0] + " timed out");
			}
			return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
					new String(err, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run openssl: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The local OpenSSL's version line, e.g. "OpenSSL 3.0.19 27 Jan 2026". */
	static String version() {
		return run("version").stdout().trim();
	}

	/** {@code openssl ciphers -stdname} as IANA names (TLS 1.3 suites included), empty on "no match". */
	static List<String> ciphers(String cipherString, boolean securityLevel) {
		Result result = securityLevel ? run("ciphers", "-s", "-stdname", cipherString)
				: run("ciphers", "-stdname", cipherString);
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
