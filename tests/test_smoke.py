def test_home_presents_current_edition(client, current_edition):
    response = client.get("/")
    assert "19e édition" in response.content.decode()
