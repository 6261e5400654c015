def test_home_page_runs_in_chromium_without_console_errors_or_csp_violations(
    live_server, page, console_problems
):
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.locator("main#main").is_visible()
    assert console_problems == []
