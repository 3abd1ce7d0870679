package io.github.sslstarter.interop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;

/**
 * {@code gnutls-serv} in a network namespace of its own that has only loopback
 * ({@code unshare -rn}): it binds every address of the machine, and this GnuTLS (3.7) has no
 * option to bind one. The test JVM cannot reach into the namespace over TCP, so the two sides
 * meet at a Unix socket in the shared file system: a Perl relay inside the namespace forwards
 * its connections to gnutls-serv on the namespace's 127.0.0.1, and this class listens on the
 * host's 127.0.0.1 and forwards to that Unix socket. Both relays copy bytes unchanged, so the
 * handshake, SNI, ALPN and resumption are gnutls-serv's own. A PID namespace as well
 * ({@code -p --fork --kill-child}) ends gnutls-serv and the relay with the {@code unshare}
 * process that {@link #close()} stops.
 */
final class NamespacedGnutlsServer implements AutoCloseable {

	private static final int PORT_IN_NAMESPACE = 4433;

	private static final String SCRIPT = """
			relay=$1; socket=$2; shift 2
			ip link set lo up || exit 1
			gnutls-serv -p %d "$@" &
			exec perl "$relay" "$socket" %d
			""".formatted(PORT_IN_NAMESPACE, PORT_IN_NAMESPACE);

	private final RunningTool namespace;

	private final ServerSocket listener;

	private final UnixDomainSocketAddress socket;

	private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

	private NamespacedGnutlsServer(RunningTool namespace, UnixDomainSocketAddress socket) throws IOException {
		this.namespace = namespace;
		this.socket = socket;
		this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		Thread acceptor = new Thread(this::acceptLoop, "gnutls-relay-" + this.listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts gnutls-serv with those arguments (the port is the namespace's own) and waits until it
	 * can be reached.
	 * @param directory where the Unix socket and the relay script go; relative files in the
	 * arguments are resolved against it
	 * @param name a short name for the socket file
	 * @param arguments gnutls-serv's arguments without {@code -p}
	 * @return the running server; {@link #port()} is its port on the host's 127.0.0.1
	 */
	static NamespacedGnutlsServer start(Path directory, String name, String... arguments) {
		ExternalTool.gnutlsServ().require();
		ExternalTool.perl("IO::Socket::SSL").require();
		ExternalTool.named("unshare").require();
		ExternalTool.named("ip").require();
		try {
			Path relay = directory.resolve("netns-relay.pl");
			if (!Files.exists(relay)) {
				try (InputStream script = Objects.requireNonNull(
						NamespacedGnutlsServer.class.getResourceAsStream("/interop/netns-relay.pl"))) {
					Files.copy(script, relay);
				}
			}
			Path socketFile = directory.resolve(name + ".sock");
			List<String> command = new ArrayList<>(List.of("-rnp", "--fork", "--kill-child", "sh", "-c", SCRIPT, "sh",
					relay.toString(), socketFile.toString()));
			command.addAll(List.of(arguments));
			RunningTool namespace = ExternalTool.named("unshare").in(directory).start(command.toArray(new String[0]));
			try {
				namespace.awaitOutput("RELAY READY", Duration.ofSeconds(20));
				return new NamespacedGnutlsServer(namespace, UnixDomainSocketAddress.of(socketFile));
			}
			catch (AssertionError | IOException | RuntimeException ex) {
				namespace.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The port on the host's 127.0.0.1 that leads to gnutls-serv. */
	int port() {
		return this.listener.getLocalPort();
	}

	/** What gnutls-serv (and the relay) printed so far. */
	String output() {
		return this.namespace.output();
	}

	private void acceptLoop() {
		while (!this.listener.isClosed()) {
			try {
				Socket tcp = this.listener.accept();
				SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
				unix.connect(this.socket);
				this.open.add(tcp);
				this.open.add(unix);
				InputStream fromTcp = tcp.getInputStream();
				OutputStream toTcp = tcp.getOutputStream();
				// the channel itself, not Channels.newInputStream/newOutputStream: on JDK 17 those
				// share the channel's blocking lock, so a blocked read would hold up every write
				relay(() -> {
					byte[] buffer = new byte[16384];
					int n;
					while ((n = fromTcp.read(buffer)) >= 0) {
						ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
						while (bytes.hasRemaining()) {
							unix.write(bytes);
						}
					}
					unix.shutdownOutput();
				});
				relay(() -> {
					ByteBuffer buffer = ByteBuffer.allocate(16384);
					while (unix.read(buffer) >= 0) {
						toTcp.write(buffer.array(), 0, buffer.position());
						toTcp.flush();
						buffer.clear();
					}
					tcp.shutdownOutput();
				});
			}
			catch (IOException ex) {
				// closed, or the namespace is gone: the test's connection fails and says so
			}
		}
	}

	private static void relay(Copy copy) {
		Thread thread = new Thread(() -> {
			try {
				copy.run();
			}
			catch (IOException ex) {
				// one side closed
			}
		}, "gnutls-relay-copy");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing
		}
		for (Closeable connection : this.open) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// closing
			}
		}
		this.namespace.close();
	}

	private interface Copy {

		void run() throws IOException;

	}

}
