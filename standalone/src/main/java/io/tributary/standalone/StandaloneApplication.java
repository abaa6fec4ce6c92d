package io.tributary.standalone;

public final class StandaloneApplication {

    public static void main(String[] args) {
    }
}
