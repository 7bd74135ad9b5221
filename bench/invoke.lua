-- wrk script: POST the same small JSON event every time (Lambda Invoke or the bare Jetty baseline)
wrk.method = "POST"
wrk.body = '{"name":"bench"}'
wrk.headers["Content-Type"] = "application/json"
