// The two calls a starkstack transaction can make: calldata [0, n] is fibonacci(n),
// calldata [1, n] is factorial(n), both computed in the field of Cairo values.

// fib(0) = 0, fib(1) = 1, fib(n) = fib(n - 1) + fib(n - 2).
func fibonacci(n: felt) -> felt {
    return fib_step(0, 1, n);
}

func fib_step(a: felt, b: felt, n: felt) -> felt {
    if (n == 0) {
        return a;
    }
    return fib_step(b, a + b, n - 1);
}

// fact(0) = 1, fact(n) = n * fact(n - 1).
func factorial(n: felt) -> felt {
    if (n == 0) {
        return 1;
    }
    let r = factorial(n - 1);
    return n * r;
}
