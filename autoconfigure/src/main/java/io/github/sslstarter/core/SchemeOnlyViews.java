package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * What the JDK's PKIX trust manager is shown of a connection: the connection itself, unless a
 * client set an endpoint identification algorithm on it (the JDK {@code HttpClient}, Reactor
 * Netty, JNDI LDAP set {@code HTTPS} or {@code LDAPS}). Then a read-only view of it whose
 * parameters carry none, so that the JDK checks the chain and its algorithm constraints against
 * the handshake session as before, and the context's {@code verify.scheme} (checked next by
 * {@link VerifyingTrustManager}) is the only host-name rule: a certificate that the scheme accepts
 * is not refused by the client's own RFC 2818 check, nor is a wrong one refused with the JDK's raw
 * message instead of this project's.
 */
final class SchemeOnlyViews {

	private SchemeOnlyViews() {
	}

	static Socket of(Socket socket) {
		if (socket instanceof SSLSocket ssl && hasEndpointIdentification(ssl.getSSLParameters())) {
			return new SocketView(ssl);
		}
		return socket;
	}

	static SSLEngine of(SSLEngine engine) {
		if (engine != null && hasEndpointIdentification(engine.getSSLParameters())) {
			return new EngineView(engine);
		}
		return engine;
	}

	private static boolean hasEndpointIdentification(SSLParameters parameters) {
		String algorithm = parameters.getEndpointIdentificationAlgorithm();
		return algorithm != null && !algorithm.isEmpty();
	}

	private static SSLParameters withoutEndpointIdentification(SSLParameters parameters) {
		parameters.setEndpointIdentificationAlgorithm(null);
		return parameters;
	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("a read-only view of a connection under verification");
	}

	private static final class EngineView extends SSLEngine {

		private final SSLEngine engine;

		EngineView(SSLEngine engine) {
			super(engine.getPeerHost(), engine.getPeerPort());
			this.engine = engine;
		}

		@Override
		public SSLParameters getSSLParameters() {
			return withoutEndpointIdentification(this.engine.getSSLParameters());
		}

		@Override
		public SSLSession getHandshakeSession() {
			return this.engine.getHandshakeSession();
		}

		@Override
		public SSLSession getSession() {
			return this.engine.getSession();
		}

		@Override
		public boolean getUseClientMode() {
			return this.engine.getUseClientMode();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.engine.getSupportedCipherSuites();
		}

		@Override
		public String[] getEnabledCipherSuites() {
			return this.engine.getEnabledCipherSuites();
		}

		@Override
		public String[] getSupportedProtocols() {
			return this.engine.getSupportedProtocols();
		}

		@Override
		public String[] getEnabledProtocols() {
			return this.engine.getEnabledProtocols();
		}

		@Override
		public boolean getNeedClientAuth() {
			return this.engine.getNeedClientAuth();
		}

		@Override
		public boolean getWantClientAuth() {
			return this.engine.getWantClientAuth();
		}

		@Override
		public boolean getEnableSessionCreation() {
			return this.engine.getEnableSessionCreation();
		}

		@Override
		public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
			return this.engine.getHandshakeStatus();
		}

		@Override
		public boolean isInboundDone() {
			return this.engine.isInboundDone();
		}

		@Override
		public boolean isOutboundDone() {
			return this.engine.isOutboundDone();
		}

		@Override
		public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination) {
			throw readOnly();
		}

		@Override
		public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length) {
			throw readOnly();
		}

		@Override
		public Runnable getDelegatedTask() {
			throw readOnly();
		}

		@Override
		public void closeInbound() {
			throw readOnly();
		}

		@Override
		public void closeOutbound() {
			throw readOnly();
		}

		@Override
		public void setEnabledCipherSuites(String[] suites) {
			throw readOnly();
		}

		@Override
		public void setEnabledProtocols(String[] protocols) {
			throw readOnly();
		}

		@Override
		public void beginHandshake() {
			throw readOnly();
		}

		@Override
		public void setUseClientMode(boolean mode) {
			throw readOnly();
		}

		@Override
		public void setNeedClientAuth(boolean need) {
			throw readOnly();
		}

		@Override
		public void setWantClientAuth(boolean want) {
			throw readOnly();
		}

		@Override
		public void setEnableSessionCreation(boolean flag) {
			throw readOnly();
		}

	}

	private static final class SocketView extends SSLSocket {

		private final SSLSocket socket;

		SocketView(SSLSocket socket) {
			this.socket = socket;
		}

		@Override
		public SSLParameters getSSLParameters() {
			return withoutEndpointIdentification(this.socket.getSSLParameters());
		}

		@Override
		public SSLSession getHandshakeSession() {
			return this.socket.getHandshakeSession();
		}

		@Override
		public SSLSession getSession() {
			return this.socket.getSession();
		}

		@Override
		public boolean isConnected() {
			return this.socket.isConnected();
		}

		@Override
		public boolean isClosed() {
			return this.socket.isClosed();
		}

		@Override
		public InetAddress getInetAddress() {
			return this.socket.getInetAddress();
		}

		@Override
		public int getPort() {
			return this.socket.getPort();
		}

		@Override
		public boolean getUseClientMode() {
			return this.socket.getUseClientMode();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.socket.getSupportedCipherSuites();
		}

		@Override
		public String[] getEnabledCipherSuites() {
			return this.socket.getEnabledCipherSuites();
		}

		@Override
		public String[] getSupportedProtocols() {
			return this.socket.getSupportedProtocols();
		}

		@Override
		public String[] getEnabledProtocols() {
			return this.socket.getEnabledProtocols();
		}

		@Override
		public boolean getNeedClientAuth() {
			return this.socket.getNeedClientAuth();
		}

		@Override
		public boolean getWantClientAuth() {
			return this.socket.getWantClientAuth();
		}

		@Override
		public boolean getEnableSessionCreation() {
			return this.socket.getEnableSessionCreation();
		}

		@Override
		public void setEnabledCipherSuites(String[] suites) {
			throw readOnly();
		}

		@Override
		public void setEnabledProtocols(String[] protocols) {
			throw readOnly();
		}

		@Override
		public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
			throw readOnly();
		}

		@Override
		public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
			throw readOnly();
		}

		@Override
		public void startHandshake() throws IOException {
			throw readOnly();
		}

		@Override
		public void setUseClientMode(boolean mode) {
			throw readOnly();
		}

		@Override
		public void setNeedClientAuth(boolean need) {
			throw readOnly();
		}

		@Override
		public void setWantClientAuth(boolean want) {
			throw readOnly();
		}

		@Override
		public void setEnableSessionCreation(boolean flag) {
			throw readOnly();
		}

	}

}
