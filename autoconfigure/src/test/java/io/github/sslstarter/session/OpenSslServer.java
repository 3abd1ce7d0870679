package io.github.sslstarter.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;


import io.github.sslstarter.material.Identity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code openssl s_server -www} on loopback; a missing openssl fails under CI=true.
 */
final class OpenSslServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private OpenSslServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts {@code openssl s_server -www} with the identity and the extra arguments. */
	static OpenSslServer start(Path dir, Identity identity, String... arguments) throws Exception {
		require();
		Path cert = dir.resolve("cert.pem");
		Path key = dir.resolve("key.pem");
		StringBuilder chain = new StringBuilder();
		for (var certificate : identity.chain()) {
			chain.append(pem("CERTIFICATE", certificate.getEncoded()));
		}
		Files.writeString(cert, chain);
		Files.writeString(key, pem("PRIVATE KEY", identity.privateKey().getEncoded()));
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = probe.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
				cert.toString(), "-key", key.toString(), "-www"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null && !line.startsWith("ACCEPT")) {
			// s_server prints ACCEPT once it listens
		}
		assertThat(line).as("openssl s_server did not start").isNotNull();
		Thread drain = new Thread(() -> {
			try {
				out.transferTo(java.io.Writer.nullWriter());
			}
			catch (IOException ex) {
				// the server stopped
			}
		});
		drain.setDaemon(true);
		drain.start();
		return new OpenSslServer(process, port);
	}

	static void require() {
		io.github.sslstarter.testing.ExternalPeer.require("openssl");
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
