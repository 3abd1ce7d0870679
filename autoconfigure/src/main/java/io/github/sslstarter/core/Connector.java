package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the plain TCP connection under a TLS one, the same way for every client of a context:
 * the host is resolved, the addresses the context's {@code address-family} allows are tried in
 * turn, all within one connect deadline, and TCP_NODELAY is set as configured.
 */
public final class Connector {

	private final SslSettings settings;

	/** A connector for the sockets of a context with these settings. */
	public Connector(SslSettings settings) {
		this.settings = settings;
	}

	/**
	 * Connects to {@code host:port} within the context's connect timeout.
	 * @param localAddress the local address to bind, or {@code null}
	 * @param localPort the local port to bind, or 0
	 * @return the connected socket
	 * @throws SslConnectionException {@code CONNECT_FAILED} or {@code TIMEOUT}, naming every
	 * address tried
	 */
	public Socket connect(String host, int port, InetAddress localAddress, int localPort) throws IOException {
		long timeout = Handshakes.millis(this.settings.connectTimeout());
		long deadline = (timeout > 0) ? System.nanoTime() + timeout * 1_000_000 : 0;
		return connect(host, port, localAddress, localPort, deadline);
	}

	/**
	 * Connects to {@code host:port} within the context's connect timeout and a deadline of the
	 * caller's, whichever comes first (a health check has one of its own).
	 * @param deadline a {@link System#nanoTime()} by which the connection must be made, or 0 for
	 * the connect timeout alone
	 */
	public Socket connect(String host, int port, long deadline) throws IOException {
		long timeout = Handshakes.millis(this.settings.connectTimeout());
		long own = (timeout > 0) ? System.nanoTime() + timeout * 1_000_000 : 0;
		long effective = (own == 0) ? deadline : (deadline == 0) ? own : Math.min(own, deadline);
		return connect(host, port, null, 0, effective);
	}

	private Socket connect(String host, int port, InetAddress localAddress, int localPort, long deadline)
			throws IOException {
		String peer = HostNames.peer(host, port);
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw new SslConnectionException(TlsFailure.CONNECT_FAILED, peer, "unknown host", ex);
		}
		List<String> failures = new ArrayList<>();
		IOException last = null;
		for (InetAddress address : addresses) {
			if (!this.settings.addressFamily().includes(address)) {
				failures.add(address.getHostAddress() + ": skipped (address-family " + this.settings.addressFamily()
						+ ")");
				continue;
			}
			long remaining = (deadline != 0) ? (deadline - System.nanoTime()) / 1_000_000 : 0;
			if (deadline != 0 && remaining <= 0) {
				failures.add(address.getHostAddress() + ": connect timeout reached before trying");
				break;
			}
			Socket socket = new Socket();
			try {
				configure(socket);
				if (localAddress != null || localPort != 0) {
					socket.bind(new InetSocketAddress(localAddress, localPort));
				}
				socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, remaining));
				return socket;
			}
			catch (IOException ex) {
				Handshakes.closeQuietly(socket);
				failures.add(address.getHostAddress() + ": " + ex.getMessage());
				last = ex;
			}
		}
		if (last instanceof SocketTimeoutException) {
			throw new SslConnectionException(TlsFailure.TIMEOUT, peer, "TCP connect: tried " + failures,
					"check that the peer is up and reachable, or raise timeouts.connect", last);
		}
		throw new SslConnectionException(TlsFailure.CONNECT_FAILED, peer, "tried " + failures, last);
	}

	/** Sets what the context asks of every plain socket before TLS (TCP_NODELAY). */
	public void configure(Socket socket) throws IOException {
		socket.setTcpNoDelay(this.settings.tcpNoDelay());
	}

}
