package io.tributary.e2e.deploy.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** ZooKeeper's four-letter words ({@code ruok}, {@code srvr}), which the shipped zookeeper.properties allows. */
final class FourLetterWord {

    private FourLetterWord() {
    }

    /** The server's answer to {@code word} on 127.0.0.1:{@code port}, or "" while it does not answer. */
    static String ask(int port, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException notYet) {
            return "";
        }
    }
}
