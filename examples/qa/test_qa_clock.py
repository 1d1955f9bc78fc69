"""Moving time: in process eseal_clock.advance moves the app's clock; against a live server it waits for a
few seconds at most (--eseal-wait-limit) and otherwise skips the test, saying why."""


def test_an_sms_code_expires_after_five_minutes(eseal, eseal_clock):
    person = eseal.people.new()
    code = eseal.request_sms_code(person.phone)                       # 获取验证码
    eseal_clock.advance(301)
    with eseal.refused("sms_code_expired", status=422):
        eseal.enter_sms_code(person, code)


def test_a_second_browser_gets_a_code_after_the_resend_interval(eseal, eseal_clock):
    person = eseal.sign_up()
    phone = eseal.new_browser()
    with phone.refused("sms_too_frequent", status=429):
        phone.login(person)
    eseal_clock.advance(60)
    assert phone.login(person)["id"] == eseal.me()["id"]
